"""Permission matrix: profile and the sign-in pages of django-allauth (/compte/…)."""

from tests.security.matrix import expect, get, post, signed_in

ENTRIES = {
    "space:home": get("/mon-espace/", signed_in(200)),
    "accounts:profile": [
        get("/compte/profil/", signed_in(200)),
        post(
            "/compte/profil/",
            signed_in(302),
            data={"display_name": "Nouveau nom", "organisation_name": "Org", "organisation_role": "autre"},
        ),
    ],
    "account_login": get("/compte/login/", expect(302, anonymous=200)),
    "account_logout": [
        get("/compte/logout/", expect(200, anonymous=302)),
        post("/compte/logout/", expect(302)),
    ],
    "account_inactive": get("/compte/inactive/", expect(200)),
    "account_signup": get("/compte/signup/", expect(302, anonymous=200)),
    "account_reauthenticate": get("/compte/reauthenticate/", signed_in(200)),
    "account_request_reauthentication_code": get("/compte/reauthenticate/code/", signed_in(200)),
    "account_confirm_reauthentication_code": get("/compte/reauthenticate/code/confirm/", signed_in(302)),
    "account_email": get("/compte/email/", signed_in(200)),
    "account_email_verification_sent": get("/compte/confirm-email/", expect(200)),
    "account_change_password": get("/compte/password/change/", signed_in(200)),
    "account_set_password": get("/compte/password/set/", signed_in(302)),  # they already have one
    "account_reset_password": get("/compte/password/reset/", expect(200)),
    "account_confirm_login_code": get("/compte/login/code/confirm/", signed_in(302)),  # no code pending
    "account_confirm_email": get("/compte/confirm-email/cle-inconnue/", expect(200)),
    "account_reset_password_from_key_done": get("/compte/password/reset/key/done/", expect(200)),
    "account_reset_password_from_key": get("/compte/password/reset/key/1-cle-inconnue/", expect(200)),
    "account_reset_password_done": get("/compte/password/reset/done/", expect(200)),
}
