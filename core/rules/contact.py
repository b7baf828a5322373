"""basics: name, label, email, phone, links, location."""
from __future__ import annotations

import re

import phonenumbers

from core.rules.dates import find_range, has_date
from core.rules.entries import title_score
from core.rules.layout import Line, Segment
from core.rules.sections import DOCUMENT_TITLES, Section, heading_kind
from core.rules.text import fold

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w])", re.I)
URL_RE = re.compile(
    r"(?<![@\w.])(?:https?://)?(?:www\.)?"
    r"(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|me|co|ai|app|info|de|fr|es|it|pt|uk|nl|be|ch|at|eu|us|ca|br|"
    r"page|site|tech|xyz|pro|blog|design|cloud|codes)"
    r"(?:/[^\s|,;()<>·•]*)?",
    re.I,
)
NETWORKS = {
    "linkedin.com": "LinkedIn", "github.com": "GitHub", "gitlab.com": "GitLab", "twitter.com": "Twitter",
    "x.com": "X", "stackoverflow.com": "Stack Overflow", "behance.net": "Behance", "dribbble.com": "Dribbble",
    "medium.com": "Medium", "xing.com": "XING", "kaggle.com": "Kaggle", "bitbucket.org": "Bitbucket",
}
_STATES = set(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split()
)
_NAME_CHARS = re.compile(r"^[^\W\d_][^\W\d_'’.\- ]*(?:[ '’.\-]+[^\W\d_][^\W\d_'’.\-]*)*\.?$")


_URL_AT_END = re.compile(r"[\w.-]+\.[a-z]{2,}/\S*$", re.I)
_URL_REST = re.compile(r"[a-z0-9][a-z0-9_\-./]{0,40}", re.I)
# a link cut before its name: nothing after the domain, or only a profile prefix ("/in/")
_URL_CUT = re.compile(r"\.[a-z]{2,}/(?:in|pub|company|u|user|users|profile|people)?/?$", re.I)


def _lines_text(lines: list[Line]) -> list[str]:
    """Each line's text; a line broken inside an address or a number ("contact@first-" /
    "last.dev", "564-555-" / "0027") carries on with the start of the next."""
    out = []
    for k, ln in enumerate(lines):
        t = ln.text
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if nxt is not None and nxt.page == ln.page and re.search(r"[\w][-@.]$", t) and re.search(r"[@\d-]", t):
            more = nxt.segs[0].text.split(" ")[0]
            t += more[1:] if t.endswith("-") and more.startswith("-") else more   # "nerea-" / "-etxeberria"
        elif nxt is not None and nxt.page == ln.page and _URL_AT_END.search(t):
            # a link wrapped in a narrow column ("linkedin.com/in/helen" / "edubois32"), or cut
            # after its last slash with more on the next line ("…/in/" / "name | github.com/…")
            cut = bool(_URL_CUT.search(t))
            rest = nxt.text if cut else nxt.text if " " not in nxt.text.strip() else ""
            rest = re.split(r"\s|[|·•,;]", rest.strip(), maxsplit=1)[0] if rest else ""
            if rest and _URL_REST.fullmatch(rest) and not URL_RE.search(rest) and (cut or not rest[:1].isupper()):
                t += rest
        out.append(t)
    return out


def find_email(texts: list[str]) -> str:
    for t in texts:
        m = EMAIL_RE.search(t)
        if m:
            return m.group(0).rstrip(".")
    return ""


def find_links(texts: list[str], email: str) -> list[dict]:
    out: list[dict] = []
    seen: set[str] = set()
    email_dom = email.split("@")[-1].casefold() if email else ""
    for t in texts:
        t_no_mail = EMAIL_RE.sub(" ", t)
        for m in URL_RE.finditer(t_no_mail):
            url = m.group(0).rstrip(".,;:)/")
            bare = re.sub(r"^(https?://)?(www\.)?", "", url, flags=re.I)
            dom = bare.split("/")[0].casefold()
            if dom == email_dom and "/" not in bare:
                continue
            if re.fullmatch(r"[\d.]+", dom.split(".")[0]):  # "3.5" decimals, versions
                continue
            key = bare.casefold().rstrip("/")
            if key in seen:
                continue
            seen.add(key)
            net = next((n for d, n in NETWORKS.items() if dom == d or dom.endswith("." + d)), None)
            prof = {"network": net or "Website", "url": url}
            if net and "/" in bare:
                user = bare.rstrip("/").split("/")[-1]
                if user and user.casefold() not in ("in", "pub"):
                    prof["username"] = user
            out.append(prof)
    return out


def _region_guess(texts: list[str], email: str) -> list[str]:
    regions: list[str] = []
    for t in texts:
        for m in re.finditer(r",\s*([A-Z]{2})\b", t):
            cc = m.group(1)
            if cc in phonenumbers.SUPPORTED_REGIONS and cc not in _STATES:
                regions.append(cc)
            elif cc in _STATES:
                regions.append("US")
    tld = email.rsplit(".", 1)[-1].upper() if email else ""
    if tld in phonenumbers.SUPPORTED_REGIONS:
        regions.append("GB" if tld == "UK" else tld)
    regions += ["US", "GB", "FR", "DE", "ES", "IT", "PT", "BR", "IN", "CA", "AU", "NL", "CH"]
    seen: list[str] = []
    for r in regions:
        if r not in seen:
            seen.append(r)
    return seen


def find_phone(texts: list[str], email: str, shaped: bool = False) -> str:
    """The first phone number in `texts`: one the numbering plans know (phonenumbers), else a
    "+" number they deem possible; with `shaped` (contact lines), else anything written as a
    phone number is written (7 to 15 digits in groups, or after a + or 00), even in a range
    no plan allocates, such as the 555 numbers of the examples."""
    regions = _region_guess(texts, email)
    cleaned = []
    for t in texts:
        if "@" in t:
            t = EMAIL_RE.sub(" ", t)
        t = URL_RE.sub(" ", t)
        if _DIGIT_RUN.search(t):
            cleaned.append(t)
    for t in cleaned:
        for region in regions[:6]:
            for m in phonenumbers.PhoneNumberMatcher(t, region, leniency=phonenumbers.Leniency.VALID):
                raw = m.raw_string.strip()
                if not _date_like(raw):
                    return raw
        # permissive fallback: a "+" international number phonenumbers deems possible
        m = re.search(r"\+\d[\d\s().-]{7,}\d", t)
        if m:
            try:
                num = phonenumbers.parse(m.group(0), None)
                if phonenumbers.is_possible_number(num):
                    return m.group(0).strip()
            except phonenumbers.NumberParseException:
                pass
    if shaped:
        for t in cleaned:
            for m in _PHONE_SHAPE.finditer(t):
                raw = m.group(0).strip()
                digits = re.sub(r"\D", "", raw)
                if 7 <= len(digits) <= 15 and not _date_like(raw):
                    return raw
    return ""


# seven digits or more in one run of digits and separators: where a phone number can be
_DIGIT_RUN = re.compile(r"\d(?:[\s().\-/]*\d){6}")


def _date_like(raw: str) -> bool:
    """A date or a range of them ("11.2018 - 09.2019", "2019 - 2022") rather than a number."""
    if has_date(raw) and not raw.startswith(("+", "00")) and len(re.sub(r"\D", "", raw)) < 9:
        return True
    rng = find_range(raw)
    return rng is not None and not rng.single and not raw.startswith("+")


# groups of digits as phone numbers are written: "(489) 555-1875", "797.555.1554", "0044 7700 900 093"
_PHONE_SHAPE = re.compile(r"(?<![\w.,/-])(?:\+|00)?\(?\d{1,5}\)?(?:[ .\-/]{1,2}\(?\d{1,5}\)?){1,5}(?![\w-])")


_LOC_RE = re.compile(   # "City, Region": each part starts with a capital
    r"^(?P<city>[^\W\d_a-zß][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_][^\W\d_.'’-]*){0,3})\s*,\s*"
    r"(?P<region>[^\W\d_a-zß][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_][^\W\d_.'’-]*){0,3})$"
)
_LOC_LABEL = re.compile(r"^(?:location|address|based in|city|adresse|wohnort|ort|dirección|direccion|"
                        r"ubicación|endereço|indirizzo|localização|ciudad|ville)\s*:?\s*", re.I)


# a short label before a colon, in any language (one or two words, no digits)
_ANY_LABEL = re.compile(r"^[^\W\d_][^\W\d_.-]{1,20}(?:[ .-][^\W\d_]{1,15})?\.?\s*:\s+")


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s+[|·•]\s+|\s*[|·•]\s*|\s{3,}|\s+[–—]\s+", text) if p.strip()]


def _location_pieces(lines: list[Line]) -> list[tuple[str, Line, Segment]]:
    """The pieces of the contact lines (with their line and segment), labels gone, "City, (CC)"
    read as "City, CC", and a "City," that ends a line joined with what starts the next."""
    out: list[tuple[str, Line, Segment]] = []
    for ln in lines:
        first = True
        for seg in ln.segs:
            for piece in _pieces(seg.text):
                piece = _LOC_LABEL.sub("", piece).strip(" .;–—-")
                piece = _ANY_LABEL.sub("", piece)   # "Woonplaats: Utrecht, NL", "Город: Казань, РФ"
                piece = _BRACKETED_REGION.sub(r", \1", piece)
                rest = _PHONE_OR_LINK.sub("", piece).strip(" ,;–—-")
                if rest and rest != piece and _CONTACT_PIECE.search(piece):
                    out.append((piece, ln, seg))   # "(415) 555-0187 Oakland, CA": the phone, then the rest
                    piece = rest
                if first and out and out[-1][0].endswith(",") and out[-1][1] is not ln:
                    out[-1] = (f"{out[-1][0]} {piece}", out[-1][1], out[-1][2])
                else:
                    out.append((piece, ln, seg))
                first = False
    return out


_PHONE_OR_LINK = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d|\S+@\S+|(?:https?://|www\.)\S+")
_BRACKETED_REGION = re.compile(r",?\s*\(([^\W\d_][^\W\d_ .'’-]{1,30})\)$")   # "Ruinen (NL)", "Hamburg (Deutschland)"
_CONTACT_PIECE = re.compile(r"@|\d{3}|https?://|www\.|\.(?:com|io|dev|net|org)\b|linkedin|github", re.I)


def find_location(lines: list[Line], name: str, label: str = "", listed: list[Line] = ()) -> dict:
    """"City, Region" on the contact lines; failing that, a city written alone among the
    contact details: a piece of capitalised words on a line that holds an email, a phone or
    a link, on the line just above or below one, in a block aligned with them (flush right
    beside the name), or on a line of its own among the `listed` lines of a contact section."""
    pieces = _location_pieces(lines)
    skip = {fold(name), fold(label)} | {fold(w) for w in name.split()}
    whole_name = fold(name)
    for piece, _ln, _seg in pieces:
        if not piece or "@" in piece or fold(piece) in skip:
            continue
        m = _LOC_RE.match(piece)
        if not m:
            continue
        city, region = m.group("city").strip(), m.group("region").strip()
        if heading_kind(city) or len(city) < 2:
            continue
        loc = {"city": city, "region": region}
        if len(region) == 2 and region.isupper() and region in phonenumbers.SUPPORTED_REGIONS \
                and region not in _STATES:
            loc["countryCode"] = region
        return loc
    own_line = {id(ln) for ln in listed if len(ln.cells) == 1}
    contact = [(ln, seg) for piece, ln, seg in pieces if _CONTACT_PIECE.search(piece)]
    contact_lines = {id(ln) for ln, _ in contact}
    for piece, ln, seg in pieces:
        near = id(ln) in contact_lines or id(ln) in own_line or any(
            c.page == ln.page and (abs(c.y - ln.y) < 4 * ln.size and (abs(s.x1 - seg.x1) < 2 or abs(s.x0 - seg.x0) < 2)
                                   or (0 < abs(c.y - ln.y) <= 1.6 * ln.size and len(ln.segs) == 1))
            for c, s in contact)
        if not near:
            continue
        words = piece.split()
        if not 1 <= len(words) <= 3 or fold(piece) in skip or (whole_name and fold(piece) in whole_name) \
                or heading_kind(piece) or title_score(piece) > 0:
            continue
        if all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words) and fold(piece) not in _NETWORK_NAMES:
            return {"city": piece}
    return {}


def _around_contact_pieces(lines: list[Line]) -> list[Line]:
    """The lines that hold an email, a phone or a link, with the line above and below each."""
    keep: set[int] = set()
    for k, ln in enumerate(lines):
        if EMAIL_RE.search(ln.text) or URL_RE.search(ln.text):
            keep.update(j for j in (k - 1, k, k + 1) if 0 <= j < len(lines) and lines[j].page == ln.page)
    return [lines[k] for k in sorted(keep)]


_NETWORK_NAMES = {fold(n) for n in NETWORKS.values()} | {"website", "portfolio", "email", "phone", "mobile"}


def _name_like(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > 50 or "@" in t or any(c.isdigit() for c in t):
        return False
    words = t.split()
    if len(words) > 5:
        return False
    if fold(t).strip(" :") in DOCUMENT_TITLES or heading_kind(t):
        return False
    return bool(_NAME_CHARS.match(t))


_TITLE_PREFIX = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in sorted(DOCUMENT_TITLES, key=len, reverse=True)) + r")"
    r"\s*(?:[:\-–—|·]\s*|of\s+|de\s+|von\s+|di\s+)"
)


def _strip_title(text: str) -> str:
    """'Curriculum Vitae — Jane Doe' / 'Resume: Jane Doe' -> 'Jane Doe'."""
    t = text.strip()
    ft = fold(t)
    m = _TITLE_PREFIX.match(ft)
    if m and len(t) > m.end() and len(ft) == len(t):
        return t[m.end():].strip()
    return t


def _name_continued(lines: list[Line], seg: Segment) -> str:
    """" Castillo" when the name is set over more lines: each segment right under the last, in
    the same size and weight, starting (or centred) where it does, name-like too; a piece in
    small letters is the rest of a word broken at the cell's edge ("Zimmer" / "mann")."""
    out = ""
    for _ in range(3):
        nxt = next((s for ln in lines for s in ln.segs
                    if 0 < s.y - seg.y <= 1.6 * seg.size and abs(s.size - seg.size) <= 0.5 and s.bold == seg.bold
                    and (abs(s.x0 - seg.x0) <= 3 or abs((s.x0 + s.x1) - (seg.x0 + seg.x1)) <= 6)
                    and _name_like(s.text)), None)
        if nxt is None or len((out + " " + nxt.text).split()) > 4:
            break
        out += nxt.text if nxt.text[:1].islower() else " " + nxt.text
        seg = nxt
    return out


def find_name(lines: list[Line], body: float) -> tuple[str, Line | None]:
    """The name: the biggest name-like text near the top of page 1."""
    first = [ln for ln in lines if ln.page == 0]
    if not first:
        return "", None
    top_y = min(ln.y for ln in first)
    best, best_score, best_line, best_seg = "", -1e9, None, None
    for rank, ln in enumerate(sorted(first, key=lambda l: l.y)[:14]):
        for seg in ln.segs:
            for cand in [seg.text] + _pieces(seg.text)[:1]:
                cand = _strip_title(cand).strip(" ,;:")
                if not _name_like(cand):
                    continue
                words = cand.split()
                score = seg.size / body * 4 - rank * 0.6 - (seg.y - top_y) / 200
                if seg.bold:
                    score += 0.8
                if 2 <= len(words) <= 4:
                    score += 1.5
                if cand.isupper() or all(w[0].isupper() for w in words if w[0].isalpha()):
                    score += 1.0
                else:
                    score -= 2.0
                if heading_kind(cand) or fold(cand) in DOCUMENT_TITLES:
                    score -= 10
                if score > best_score:
                    best, best_score, best_line, best_seg = cand, score, ln, seg
    if best_seg is not None and best == best_seg.text:
        best = best + _name_continued(first, best_seg)
    if best.isupper() and len(best) > 3:
        best = " ".join(w.capitalize() if not re.search(r"[-']", w) else
                        re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), w) for w in best.split())
    return best, best_line


def find_label(lines: list[Line], name_line: Line | None) -> str:
    if name_line is None:
        return ""
    same_col = [ln for ln in lines if ln.page == name_line.page and ln.col == name_line.col and ln.y > name_line.y]
    for ln in sorted(same_col, key=lambda l: l.y)[:1]:
        t = ln.segs[0].text
        if (ln.y - name_line.y) < 4 * name_line.size and 1 <= len(t.split()) <= 8 and not EMAIL_RE.search(t) \
                and not re.search(r"\d{3}", t) and not heading_kind(t) and "|" not in t and "," not in t:
            return t
    return ""


def basics(preamble: list[Line], sections: list[Section], all_lines: list[Line], body: float,
           found_name: tuple[str, Line | None] | None = None) -> dict:
    contact_lines = list(preamble) + [ln for s in sections if s.kind in ("contact",) for ln in s.lines]
    ids = {id(ln) for ln in contact_lines}
    rest = [ln for ln in all_lines if id(ln) not in ids]
    texts = _lines_text(contact_lines) + _lines_text(rest)
    name, name_line = found_name if found_name is not None else find_name(all_lines, body)
    email = find_email(texts)
    phone = find_phone(_lines_text(contact_lines), email, shaped=True) or find_phone(_lines_text(rest), email)
    links = find_links(_lines_text(contact_lines), email)
    if not links:
        links = [p for p in find_links(_lines_text(rest), email) if p["network"] != "Website"]
    label = find_label(all_lines, name_line)
    listed = [ln for s in sections if s.kind == "contact" for ln in s.lines]
    location = find_location(contact_lines, name, label, listed) if contact_lines else {}
    if not location:   # contact details set elsewhere (a footer, a closing block): there, and around them
        near = _around_contact_pieces(rest)
        location = find_location(near, name, label) if near else {}
    out = {"name": name, "label": label, "email": email, "phone": phone,
           "location": location, "profiles": [p for p in links if p["network"] != "Website"]}
    sites = [p for p in links if p["network"] == "Website"]
    if sites:
        out["url"] = sites[0]["url"]
    if not out["label"]:
        del out["label"]
    return out

