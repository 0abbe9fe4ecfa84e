"""The headline restates the article; a site's, account's or section's name, a masthead or a
breadcrumb does not (digest/restate.py, clean.py PageText and _restated_title). Invented
pages: the name stands where a headline would (above the date row, first at the top), the
headline shares the prose's words."""

from __future__ import annotations

from digest.clean import PageText, clean_segment
from digest.model import RawDoc
from digest.pipeline import extract, prepare
from digest.restate import letter_pairs, prose_pairs, restatement
from digest.split import Line, Segment

B1 = "量子计算公司星弦科技今天推出首台商用量子计算样机，样机售价低于一千万元，首批用户来自金融和制药行业。"
B2 = "公司介绍，样机采用超导路线，可以稳定运行一百个量子比特，软件工具链同步向开发者开放。"
B3 = "业内人士认为，商用样机的推出意味着量子计算开始从实验室走向付费客户，但距离规模应用仍有不少工程难题。"
BODY = [B1, B2, B3]
HEADLINE = "星弦科技推出首台商用量子计算样机 售价低于千万"


def draft(text: str):
    (one,) = extract(prepare(RawDoc("content/page.txt", text.encode()))).drafts
    return one


def kept_all(d) -> bool:
    return all(p in d.paragraphs for p in BODY)


def test_letter_pairs_join_neighbouring_characters_and_latin_words() -> None:
    assert letter_pairs("AI芯片 出货") == {("ai", "芯"), ("芯", "片"), ("出", "货")}
    assert letter_pairs("某") == set()


def test_restatement_is_the_share_of_pairs_the_prose_holds() -> None:
    prose = prose_pairs(BODY)
    assert restatement("云端观潮", prose) == 0.0
    assert restatement(HEADLINE, prose) > 0.5
    assert restatement("", prose) == 0.0


def test_a_name_printed_elsewhere_and_not_restated_is_a_name() -> None:
    page = PageText(("某标题 - 极光新知", "极光新知 · 2026-01-15", B1), prose_pairs(BODY))
    assert page.name("极光新知", 0)
    assert not page.name("极光新知", None) or page.printed_elsewhere("极光新知", 1)
    # not printed elsewhere: no evidence it is the site's
    assert not PageText(("某标题 - 极光新知", B1), prose_pairs(BODY)).name("极光新知", 0)
    # printed elsewhere but restated by the article's prose: the article's own words
    assert not PageText(("某标题 - 量子计算", "量子计算 · 专题"), prose_pairs(BODY)).name("量子计算", 0)


def test_an_account_name_above_the_date_row_gives_way_to_the_headline() -> None:
    d = draft(f"云端观潮\n2026-03-02 10:20\n{HEADLINE}\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == HEADLINE
    assert str(d.date) == "2026-03-02"
    assert kept_all(d)


def test_a_masthead_with_an_issue_count_is_no_headline() -> None:
    d = draft(f"前沿计算周刊 · 第12期\n2026年3月2日\n{HEADLINE}\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == HEADLINE
    assert str(d.date) == "2026-03-02"
    assert kept_all(d)


def test_a_breadcrumb_line_is_no_headline() -> None:
    d = draft(f"资讯中心 / 行业动态\n{HEADLINE}\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == HEADLINE
    assert kept_all(d)


def test_a_page_title_gives_the_headline_when_its_site_is_printed_elsewhere() -> None:
    d = draft(f"{HEADLINE} - 极光新知\n极光新知 · 2026-01-15 09:00\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == HEADLINE
    assert ("title-site", "极光新知") in {(r.rule, r.text) for r in d.removals}
    assert kept_all(d)


def test_a_page_title_beats_a_channel_label_placed_as_headline() -> None:
    d = draft(f"{HEADLINE}_极光新知\n极光新知\n2026-01-15 09:00\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == HEADLINE
    assert kept_all(d)


def test_a_headline_that_restates_little_keeps_its_place() -> None:
    # a figurative headline above its date row: it shares few pairs, but it has no name's sign
    # and is printed nowhere else, so no line below it takes its place
    d = draft("谁在为一千万买单\n2026-03-02 10:20\n" + "\n\n".join(BODY) + "\n")
    assert d.title == "谁在为一千万买单"


def test_an_original_title_below_the_text_titles_a_page_with_only_a_label_on_top() -> None:
    d = draft("每日速递\n2026-03-02 10:20\n\n" + "\n\n".join(BODY) + f"\n\n原标题：{HEADLINE}\n责任编辑：某某\n")
    assert d.title == HEADLINE
    assert not d.title_derived
    assert kept_all(d)


def test_an_original_title_below_the_text_leaves_the_lines_above_it_alone() -> None:
    seg = Segment([Line(1, "每日速递"), Line(2, "2026-03-02 10:20"), Line(3, B1), Line(4, "一、技术路线"),
                   Line(5, B2), Line(6, B3), Line(7, f"原标题：{HEADLINE}")], None, None)
    result = clean_segment(seg)
    assert result.meta.title == HEADLINE
    assert "一、技术路线" in [ln.text for ln in result.paragraphs]  # a heading above the title line stays


def test_hashtags_after_the_headline_are_the_pages() -> None:
    d = draft(f"{HEADLINE} #量子计算 #科技\n2026-03-02 10:20\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == HEADLINE
    assert ("title-extra", "#量子计算 #科技") in {(r.rule, r.text) for r in d.removals}


def test_a_note_the_page_title_leaves_off_is_no_part_of_the_headline() -> None:
    d = draft(f"{HEADLINE}-资讯-极光新知网\n{HEADLINE}（附图）\n2026-03-02 来源：极光新知网\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == HEADLINE
    # without the page title saying so, the note stays the headline's
    d = draft(f"{HEADLINE}（附图）\n2026-03-02 来源：极光新知网\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == f"{HEADLINE}（附图）"


def test_an_authors_card_under_the_headline_that_shares_nothing_goes() -> None:
    d = draft(f"{HEADLINE}\n某某阿伦  微光认证：数码博主  关注\n2026-03-02 10:20\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == HEADLINE
    assert ("header-name", "某某阿伦 微光认证：数码博主 关注") in {(r.rule, " ".join(r.text.split())) for r in d.removals}
    assert kept_all(d)


def test_a_short_line_under_the_headline_that_reads_as_a_clause_stays() -> None:
    # it shares no pair with the prose either, but a comma makes it a clause, not a name row
    d = draft(f"{HEADLINE}\n2026-03-02 10:20\n据悉，首批订单已经签约\n\n" + "\n\n".join(BODY) + "\n")
    assert "据悉，首批订单已经签约" in d.paragraphs


def test_a_headline_printed_in_the_page_title_is_no_name() -> None:
    page = PageText(("谁在为一千万买单_极光新知", "谁在为一千万买单", "极光新知"), prose_pairs(BODY))
    assert not page.name_like("谁在为一千万买单", 1)  # restates little, printed again, but headline-long
    assert page.name_like("极光新知", 2)  # a name: too short for a headline, printed in the title line
    assert page.name_like("资讯中心 / 行业动态", 0)  # a channel path: a name's sign
    assert not page.name_like("量子计算样机 / 首批用户", 0)  # the same sign, but it restates the article


def test_the_name_passed_over_goes_as_the_pages() -> None:
    # the site's name first (a site-and-slogan shape, no title line by itself), a label below
    d = draft("极光新知网 | 星弦科技推出首台商用量子计算样机\n每日速递\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == "星弦科技推出首台商用量子计算样机"
    assert "每日速递" not in d.paragraphs
    assert ("title-name", "每日速递") in {(r.rule, r.text) for r in d.removals}
    assert kept_all(d)


QUESTION = "普通公司何时能买到量子计算机？"


def test_a_label_sharing_nothing_gives_way_to_the_question_below_it() -> None:
    d = draft(f"问答专区\n{QUESTION}\n关注问题  写回答\n\n" + "\n\n".join(BODY) + "\n")
    assert 0.1 <= restatement(QUESTION, prose_pairs(BODY)) < 0.34  # the answers restate it only in part
    assert d.title == QUESTION
    assert kept_all(d)


def test_a_label_over_a_line_sharing_nothing_stays_the_title() -> None:
    # neither line restates the article: the place decides, as before
    d = draft("问答专区\n谁来为明天的硬件买单呢？\n关注问题  写回答\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == "问答专区"


def test_a_two_step_path_of_names_is_no_headline_even_when_the_text_shares_its_words() -> None:
    # "量子计算 > 行业动态" shares 量子计算 with the prose, but it is a path of names
    d = draft("量子计算 > 行业动态\n商用样机来了，售价不到千万\n楼主：小王  发表于 2026-03-02 22:41\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == "商用样机来了，售价不到千万"
    assert kept_all(d)


def test_a_short_line_ending_in_a_sites_word_is_a_name_though_it_shares_a_pair() -> None:
    page = PageText(("量子频道",), prose_pairs(BODY))
    assert 0.1 <= page.restates("量子频道") < 0.5
    assert page.name_like("量子频道", 0)
    assert not PageText(("量子样机",), prose_pairs(BODY)).name_like("量子样机", 0)  # no site's word, shares more


def test_the_row_under_a_name_passed_over_keeps_its_date() -> None:
    # the row under the account's name is the page's own (as when the name was taken for the
    # headline); a byline under the headline with a later date does not replace it
    d = draft(f"云端观潮\n2026-03-02 10:20\n{HEADLINE}\n作者：张涛 2026-03-05\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == HEADLINE
    assert str(d.date) == "2026-03-02"


def test_a_site_named_again_as_a_labelled_source_is_the_page_titles_site() -> None:
    d = draft("光年视界 | 星弦科技推出首台商用量子计算样机\n2026-03-02 来源：光年视界\n\n" + "\n\n".join(BODY) + "\n")
    assert d.title == "星弦科技推出首台商用量子计算样机"
    assert not d.title_derived
    assert kept_all(d)
