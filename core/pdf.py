"""PDF from HTML (WeasyPrint), for every app that prints a document.

Building a FontConfiguration (a fontconfig scan) is a large part of a small render: keep one per thread
(WeasyPrint does not promise that one is safe to share across threads).

What makes a render heavy (measured for the privacy access file, issue 19: 1.30 s of CPU down to 0.29 s):
every element is cascaded and laid out, so a table cell per value costs far more than a line in a paragraph;
tables with automatic layout measure every cell twice (`table-layout: fixed` does not); and every font face
used (a bold, or the serif default of the page-number margin box) is one more font to subset (fontTools,
without HarfBuzz-Subset). `privacy/_pdf_style.html` is a style that keeps to one face.
"""

import threading

_local = threading.local()


def font_config():
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_local, "font_config", None) is None:
        _local.font_config = FontConfiguration()
    return _local.font_config


def render_pdf(html: str, base_url=None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(font_config=font_config())
