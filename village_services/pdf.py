"""Letter PDF: HTML rendered by WeasyPrint (CSS paged media gives exact A4/F4 page sizes and margins,
no browser needed on the server), with a QR code (segno, SVG) pointing to the public verification page.

Everything printed comes from the issued letter's snapshot, so a PDF printed today equals the one
printed on the day of issue.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from core.pdf import render_pdf

from .models import PageSize
from .placeholders import indonesian_date
from .services import display_body, display_code

PAGE_CSS_SIZE = {PageSize.A4: "210mm 297mm", PageSize.F4: "215mm 330mm"}


def verification_url(letter):
    return settings.SITE_URL.rstrip("/") + reverse("services:verify", args=[display_code(letter.verification_code)])


def qr_svg_data_uri(url):
    import segno

    # Error correction M survives a folded or slightly stained paper; SVG stays sharp at any print size.
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=0)


def letter_html(letter):
    """The letter as printed. Before the kepala desa signs it is a draft: marked KONSEP, without number,
    signature name or QR code, so a draft can never pass for an issued letter."""
    url = verification_url(letter)
    draft = not letter.is_numbered
    paragraphs = [
        # A block of "Label : value" lines prints in a fixed-width font so the colons line up.
        {"text": text, "block": all(" : " in line for line in text.splitlines()) and "\n" in text}
        for text in display_body(letter).split("\n\n")
    ]
    return render_to_string("services/letter_pdf.html", {
        "letter": letter,
        "letterhead": letter.letterhead,
        "paragraphs": paragraphs,
        "page_size": PAGE_CSS_SIZE[letter.page_size],
        "draft": draft,
        "verification_url": "" if draft else url,
        "qr": "" if draft else qr_svg_data_uri(url),
        "code": "" if draft else display_code(letter.verification_code),
        "issued_on": indonesian_date(letter.issued_on) if letter.issued_on else "",
    })


def render_letter_pdf(letter):
    return render_pdf(letter_html(letter), base_url=str(settings.BASE_DIR))


def agenda_html(*, year, villages, headers, rows):
    """The outgoing-letter book of one year, on F4 paper turned landscape (eight columns)."""
    return render_to_string("services/agenda_pdf.html", {
        "year": year, "villages": villages, "headers": headers, "page_size": "330mm 215mm",
        "rows": [[*row[:3], indonesian_date(row[3]) if row[3] else "", *row[4:]] for row in rows],
    })


def render_agenda_pdf(*, year, villages, headers, rows):
    html = agenda_html(year=year, villages=villages, headers=headers, rows=rows)
    return render_pdf(html, base_url=str(settings.BASE_DIR))
