"""What is shown of a provider, for the pages and the API alike."""

import datetime as dt

from app.services.catalog import ProviderEntry

OUTDATED_AFTER = dt.timedelta(days=365)


def possibly_outdated(provider: ProviderEntry, today: dt.date | None = None) -> bool:
    """Unverified data, or data verified over 12 months ago, may no longer be right."""
    if provider.last_verified is None:
        return True
    return (today or dt.date.today()) - provider.last_verified > OUTDATED_AFTER
