"""Help texts of the algorithms: each written once, translated in short pieces.

A help text is one string or a tuple of strings (sentences), each marked with ``N_()``:
``scripts/i18n.py`` extracts every piece as its own translation key, so the keys stay short
(``tests/test_i18n.py`` fails on a key over 300 characters) and a changed sentence leaves the
translations of the others standing. :func:`text` translates the pieces and joins them.

The dialog's short help (``shortHelpString``) is the algorithm's ``SHORT_HELP``, a summary of
two to four sentences — what the tool does and its main rule — followed by a link to the
algorithm's page of the bundled user guide (``helpUrl()``). Parameters, method, formulas, the
worked example and the limits are on that page, written once per language in
``docs/<language>/<name>.md`` (``scripts/make_help.py`` makes ``resources/help`` from it).
"""
import html

from ..i18n import tr
from ..kernels.errors import N_

#: the text of the link from the dialog's short help to the algorithm's page of the user guide
GUIDE_LINK = N_("User guide: parameters, method and formulas, a worked example, limits")


def text(help_text):
    """*help_text* (a string or a tuple of strings) translated piece by piece, joined by spaces."""
    pieces = (help_text,) if isinstance(help_text, str) else tuple(help_text)
    return " ".join(tr(piece) for piece in pieces if piece)


def short_help(summary, url):
    """The dialog's short help: the translated *summary*, then a link to the guide page *url*.

    Without a page (*url* empty) the summary stands alone.
    """
    body = f"<p>{html.escape(text(summary), quote=False)}</p>"
    if url:
        body += f'<p><a href="{html.escape(url)}">{html.escape(tr(GUIDE_LINK), quote=False)}</a></p>'
    return body
