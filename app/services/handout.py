"""What a client takes home after a signal check: the help for the subjects near their
postcode, and help lines in neutral words.

A handout may be read by the person who harms the client. So it never names a ticked
signal, a danger, or a provider whose name tells of danger, and its QR code opens the
neutral client page (/hulp) with only the subjects, postcode and language in its address.
Every handout carries the same help lines, so their presence tells nothing either.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import segno

from app.models.data_files import CrisisLineRecord
from app.services.catalog import Catalog, Place
from app.services.ranking import RankedProvider, subject_scores, top_providers

CLIENT_PAGE = "/hulp"


@dataclass(frozen=True)
class ClientHelp:
    domains: list[str]
    place: Place | None
    providers: list[RankedProvider]
    lines: list[CrisisLineRecord]


def client_help(catalog: Catalog, domains: list[str], place: Place | None,
                limit: int = 5) -> ClientHelp:
    """The help for these subjects (most weighty first) near `place`; unknown subjects
    are left out."""
    known = [d for d in dict.fromkeys(domains) if d in catalog.domains]
    providers = (top_providers(catalog, place, subject_scores(known), limit=limit,
                               discreet=True)
                 if place is not None and known else [])
    return ClientHelp(known, place, providers, list(catalog.crisis_lines.values()))


def client_page_address(help_: ClientHelp, language: str) -> str:
    """The client page's address (path and query): subjects, postcode and language only."""
    query = [("d", domain) for domain in help_.domains]
    if help_.place is not None:
        query.append(("postcode", help_.place.postcode))
    query.append(("lang", language))
    return f"{CLIENT_PAGE}?{urlencode(query)}"


def qr_code_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=3, omitsize=True)
