"""Domain names as proof of a link: an organisation's (from its website), an address's (after the @).

Pure functions. A domain shared by many unrelated people (webmail, website builders, social
networks) proves nothing: `proves_nothing` refuses them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Addresses or websites anyone can get: never a proof of belonging to an organisation or a collectivité.
SHARED_DOMAINS = frozenset(
    {
        # webmail
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.fr",
        "hotmail.com",
        "hotmail.fr",
        "outlook.com",
        "outlook.fr",
        "live.fr",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "laposte.net",
        "aol.com",
        "gmx.fr",
        "gmx.com",
        "protonmail.com",
        "proton.me",
        "bbox.fr",
        "numericable.fr",
        "club-internet.fr",
        "aliceadsl.fr",
        # website builders, blogs, social networks
        "wixsite.com",
        "wix.com",
        "wordpress.com",
        "blogspot.com",
        "over-blog.com",
        "jimdo.com",
        "jimdofree.com",
        "e-monsite.com",
        "webnode.fr",
        "sites.google.com",
        "google.com",
        "facebook.com",
        "instagram.com",
        "linkedin.com",
        "helloasso.com",
        "github.io",
        "assoconnect.com",
        "canalblog.com",
        "exemple.fr",
        "example.com",
    }
)


def normalize_domain(domain: str) -> str:
    """Lower case, without a leading "www." nor a trailing dot."""
    domain = (domain or "").strip().lower().rstrip(".")
    return domain.removeprefix("www.")


def domain_of_url(url: str) -> str:
    """The host of a website address ("https://www.asso-tremplin.fr/contact" → "asso-tremplin.fr")."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return normalize_domain(host)


def domain_of_email(email: str) -> str:
    """What follows the @ ("Lea@Mairie-Mende.fr" → "mairie-mende.fr")."""
    _, at, domain = (email or "").strip().rpartition("@")
    return normalize_domain(domain) if at else ""


def proves_nothing(domain: str) -> bool:
    """A domain shared by unrelated people (webmail, a website builder…), or no domain at all."""
    domain = normalize_domain(domain)
    if not domain or "." not in domain:
        return True
    return any(domain == shared or domain.endswith("." + shared) for shared in SHARED_DOMAINS)


def email_on_domain(email: str, domain: str) -> bool:
    """The address is on the domain or one of its subdomains ("lea@paris.asso.fr" is on "asso.fr")."""
    domain = normalize_domain(domain)
    found = domain_of_email(email)
    return bool(domain) and not proves_nothing(domain) and (found == domain or found.endswith("." + domain))
