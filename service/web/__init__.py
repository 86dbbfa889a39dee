"""The web UI: a page shell served by the app, whose JavaScript reads the API with the token.

No child data is rendered on the server: every page is the same shell (templates/), and the
script in service/static/ fetches what the signed-in reader may see, with their reason.
"""

from service.web.pages import STATIC_DIR, SecureStaticFiles, router

__all__ = ["STATIC_DIR", "SecureStaticFiles", "router"]
