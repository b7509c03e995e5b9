"""A country typed in a message (Indonesian or English name) as its ISO code, or "" when unsure."""

from django_countries import countries

INDONESIAN = {
    "malaysia": "MY", "taiwan": "TW", "hongkong": "HK", "hong kong": "HK", "arab saudi": "SA", "saudi": "SA",
    "singapura": "SG", "singapore": "SG", "korea": "KR", "korea selatan": "KR", "jepang": "JP", "brunei": "BN",
    "uni emirat arab": "AE", "uea": "AE", "qatar": "QA", "kuwait": "KW", "oman": "OM", "turki": "TR",
    "polandia": "PL", "belanda": "NL", "jerman": "DE", "italia": "IT", "australia": "AU", "yordania": "JO",
}


def country_code(text):
    key = " ".join((text or "").lower().split())
    if not key:
        return ""
    if key in INDONESIAN:
        return INDONESIAN[key]
    return countries.by_name(key) or ""
