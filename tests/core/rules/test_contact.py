"""core.rules.contact: name, email, phone, links and location."""
from __future__ import annotations

import pytest

from core.rules import parse
from core.rules.contact import find_email, find_links, find_location, find_phone
from core.rules.layout import Line, Segment
from pdfgen import stacked


@pytest.mark.parametrize("text,want", [
    ("Call +44 20 7946 0958 anytime", "+44 20 7946 0958"), ("(512) 205-7286", "(512) 205-7286"),
    ("+33 6 12 34 56 78", "+33 6 12 34 56 78"), ("Tel: 030 1234567, Berlin, DE", "030 1234567"),
    ("+4915123453119", "+4915123453119"),
])
def test_phone_numbers(text, want):
    assert find_phone([text], "") == want


def test_phone_ignores_date_ranges():
    assert find_phone(["2019 - 2022 | 2015 - 2018"], "") == ""


def test_email_and_links():
    texts = ["jane.o-neil+cv@mail.example.co.uk | https://www.linkedin.com/in/janeo | github.com/janeo | janeo.dev"]
    assert find_email(texts) == "jane.o-neil+cv@mail.example.co.uk"
    links = find_links(texts, find_email(texts))
    assert [p["network"] for p in links] == ["LinkedIn", "GitHub", "Website"]
    assert links[0]["username"] == "janeo"


def test_single_word_and_non_latin_names():
    assert parse(stacked([("Björk", 24, True), "bjork@x.is"]))["basics"]["name"] == "Björk"
    assert parse(stacked([("Дмитрий Иванов", 24, True), "d@x.ru"]))["basics"]["name"] == "Дмитрий Иванов"
    assert parse(stacked([("Αλέξανδρος Παπαδόπουλος", 24, True), "a@x.gr"]))["basics"]["name"] == "Αλέξανδρος Παπαδόπουλος"


@pytest.mark.parametrize("line,city", [("Woonplaats: Utrecht, NL", "Utrecht"), ("Город: Казань, РФ", "Казань"),
                                       ("Adres: Wrocław, Polska", "Wrocław")])
def test_location_after_a_label_in_any_language(line, city):
    ln = Line(segs=[Segment(line, 50, 300, 100, 10, False, 0)], page=0, y=100)
    assert find_location([ln], "Jane Roe").get("city") == city


def test_a_date_range_is_never_the_phone():
    assert find_phone(["Acme | Analyst 11.2018 - 09.2019", "Τηλέφωνο: +30 21 7200 7994"], "") == "+30 21 7200 7994"


@pytest.mark.parametrize("lines,city", [
    (["• +31 6 1234 5678   • w@example.nl   • Ruinen, (NL)"], "Ruinen"),       # the country in brackets
    (["• (415) 555-0187   • amara@example.com   • Oakland,", "CA   • github.com/aokafor"], "Oakland"),  # wrapped
    (["jonas@lindqvist.se | +46 70 123 45 67 | Uppsala | linkedin.com/in/jl"], "Uppsala"),  # a city alone
])
def test_location_written_as_people_write_it(lines, city):
    ls = [Line(segs=[Segment(t, 50, 400, 100 + 12 * i, 10, False, 0)], page=0, y=100 + 12 * i)
          for i, t in enumerate(lines)]
    assert find_location(ls, "Jane Roe", "Data Analyst").get("city") == city


def test_a_city_alone_on_its_own_line_of_a_contact_section():
    ls = [Line(segs=[Segment(t, 20, 150, 100 + 12 * i, 10, False, 0)], page=0, y=100 + 12 * i)
          for i, t in enumerate(["+46 70 123 45 67", "jonas@lindqvist.se", "Uppsala", "linkedin.com/in/jl"])]
    assert find_location(ls, "Jonas Lindqvist", listed=ls) == {"city": "Uppsala"}
    # the name, the headline and job titles are never taken for a city
    head = [Line(segs=[Segment(t, 20, 150, 100, 10, False, 0)], page=0, y=100) for t in ["Senior Engineer"]]
    assert find_location(head + ls[:2], "Jonas Lindqvist", listed=head + ls[:2]) == {}


def test_capitals_set_by_css_are_the_name_in_title_case():
    assert parse(stacked([("WILFRIED DOBES", 24, True), "Data Analyst", "w@example.nl"]))["basics"]["name"] == \
        "Wilfried Dobes"


def test_a_city_in_the_block_of_contact_details():
    """Flush right beside the name (moderncv), on the line above the phone, after the phone."""
    def line(t, x0, x1, y, size=10):
        return Line(segs=[Segment(t, x0, x1, y, size, False, 0)], page=0, y=y)

    name = Line(segs=[Segment("Lucía Fernández", 50, 200, 85, 25, False, 0), Segment("Valencia", 500, 545, 85, 11,
                                                                                       False, 0)], page=0, y=85)
    block = [name, line("• +34 612 345 678", 460, 545, 100), line("• lucia@example.es", 440, 545, 112)]
    assert find_location(block, "Lucía Fernández") == {"city": "Valencia"}
    above = [line("Jonas Lindqvist", 200, 400, 85, 25), line("– Uppsala", 260, 330, 123),
             line("• +46 70 123 45 67   • jonas@lindqvist.se", 180, 420, 136)]
    assert find_location(above, "Jonas Lindqvist") == {"city": "Uppsala"}
    tab = [line("amara@example.com   (415) 555-0187 Oakland, CA", 50, 400, 100)]
    assert find_location(tab, "Amara Okafor")["city"] == "Oakland"


@pytest.mark.parametrize("lines,want", [
    (["(489) 555-1875 | ana@example.com"], "(489) 555-1875"),          # a range no plan allocates
    (["Madison • 797.555.1554 • grace@example.com"], "797.555.1554"),
    (["0044 7700 900 093"], "0044 7700 900 093"),
])
def test_a_phone_written_as_phones_are_written_on_a_contact_line(lines, want):
    assert find_phone(lines, "", shaped=True) == want
    assert find_phone(["Led 2019 - 2022 growth to 12,000 users"], "", shaped=True) == ""


def test_contact_details_broken_over_two_lines_are_read_whole():
    d = parse(stacked([("Thiago Conceição", 24, True),
                       "Curitiba • 564-555-", "0027 • contact@thiago-", "conceicao.br • https://linkedin.com/in/",
                       "thiagoconceicao | github.com/thiago", ("EXPERIENCE", 12, True), "Analyst, Acme · 2020 - 2022"]))
    b = d["basics"]
    assert (b["email"], b["phone"]) == ("contact@thiago-conceicao.br", "564-555-0027")
    assert [p["url"] for p in b["profiles"]] == ["https://linkedin.com/in/thiagoconceicao", "github.com/thiago"]


def test_a_city_with_its_country_in_brackets_and_contact_details_in_a_footer():
    assert find_location([Line(segs=[Segment("• Hamburg (Deutschland)", 20, 150, 100, 10, False, 0)], page=0,
                               y=100)], "Lena Schäfer")["city"] == "Hamburg"
    d = parse(stacked([("Giulia D'Angelo", 24, True), "Project manager", ("Esperienza", 12, True),
                       "Analista, Acme · 2020 - 2022", ("Interessi", 12, True), "Vela, cucina",
                       "Milano, Italia", "giulia@example.it • www.giulia-dangelo.net"]))
    assert d["basics"]["location"]["city"] == "Milano"


def test_a_part_of_the_name_is_never_the_city():
    ls = [Line(segs=[Segment(t, 50, 200, 100 + 12 * i, 10, False, 0)], page=0, y=100 + 12 * i)
          for i, t in enumerate(["Miriam", "miriam@example.de | +49 170 788 9144"])]
    assert find_location(ls, "Miriam Zimmermann") == {}


def test_a_name_set_over_two_lines_or_broken_inside_a_word():
    assert parse(stacked([("Christopher", 20, True), ("Castillo", 20, True), "QA Engineer",
                          "chris@example.com"], step=22))["basics"]["name"] == "Christopher Castillo"
    assert parse(stacked([("Miriam", 22, True), ("Zimmer", 22, True), ("mann", 22, True), "IT-Berater",
                          "miriam@example.de"], step=25))["basics"]["name"] == "Miriam Zimmermann"


def test_a_link_is_carried_on_only_by_what_can_end_it():
    """A name's second line or the next piece of a header never ends a link; a username, or
    what follows a link cut after "/in/", does."""
    d = parse(stacked([("Wilfried", 20, True), "https://linkedin.com/in/wilfried-dobes", ("Dobes", 20, True),
                       "w@example.nl", "www.linkedin.com/in/goncalo-sa/", "Analista", "www.linkedin.com/in/nerea-",
                       "-etxeberria/"], step=22))
    assert [p["url"] for p in d["basics"]["profiles"]] == [
        "https://linkedin.com/in/wilfried-dobes", "www.linkedin.com/in/goncalo-sa", "www.linkedin.com/in/nerea-etxeberria"]
