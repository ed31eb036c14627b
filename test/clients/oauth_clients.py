"""Standard, unmodified Python clients against a running playground: requests-oauthlib, Authlib, requests
and httpx (Debian's packages). Usage: python3 oauth_clients.py BASE_URL. Prints one line per check."""
import sys

import httpx
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session as AuthlibSession
from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session

base = sys.argv[1]
config = requests.get(base + "/__playground/config").json()
client_id = config["credentials"]["oauth2"]["clientId"]
secret = config["credentials"]["oauth2"]["clientSecret"]
token_url = base + "/oauth/token"
data_url = base + "/auth/oauth2/data"


def check(name, condition):
    print(("ok " if condition else "FAILED ") + name)


# requests-oauthlib: client credentials (HTTP Basic client authentication), then a refresh with rotation.
session = OAuth2Session(client=BackendApplicationClient(client_id=client_id))
first = session.fetch_token(token_url=token_url, client_id=client_id, client_secret=secret)
check("requests-oauthlib client_credentials", first["token_type"] == "Bearer" and first["expires_in"] == 3600 and session.get(data_url).status_code == 200)
second = session.refresh_token(token_url, client_id=client_id, client_secret=secret)
check("requests-oauthlib refresh rotates", second["refresh_token"] != first["refresh_token"] and session.get(data_url).status_code == 200)
reused = requests.post(token_url, data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}, auth=(client_id, secret))
check("a used refresh token is invalid_grant", reused.status_code == 400 and reused.json()["error"] == "invalid_grant")

# The access token expires on the playground's clock; the RFC 6750 challenge says so; a refresh recovers.
requests.post(base + "/__playground/clock", json={"advance": 3600})
expired = session.get(data_url)
check("expired token: 401 invalid_token", expired.status_code == 401 and expired.headers["WWW-Authenticate"]
      == 'Bearer error="invalid_token", error_description="The access token expired"')
session.refresh_token(token_url, client_id=client_id, client_secret=secret)
check("requests-oauthlib recovers by refreshing", session.get(data_url).status_code == 200)

# Authlib: authorization code with PKCE S256 as a public client (no secret), then refresh.
public = AuthlibSession(client_id, redirect_uri=base + "/oauth/callback", code_challenge_method="S256", scope="read write",
                        token_endpoint_auth_method="none")
verifier = generate_token(64)
url, state = public.create_authorization_url(base + "/oauth/authorize", code_verifier=verifier)
redirect = requests.get(url, allow_redirects=False)
check("authorize redirects with code and state", redirect.status_code == 302 and "state=" + state in redirect.headers["Location"])
token = public.fetch_token(token_url, authorization_response=redirect.headers["Location"], code_verifier=verifier)
check("authlib code + PKCE", token["scope"] == "read write" and public.get(data_url).status_code == 200)
public.refresh_token(token_url)
check("authlib refresh as a public client", public.get(data_url).status_code == 200)

# Authlib: client credentials with client_secret_post.
confidential = AuthlibSession(client_id, secret, token_endpoint_auth_method="client_secret_post")
confidential.fetch_token(token_url, grant_type="client_credentials")
check("authlib client_secret_post", confidential.get(data_url).status_code == 200)

# Link header walks: requests and httpx parse Link and follow rel="next".
total = requests.get(base + "/pagination/offset?limit=1").json()["total"]


def walk(get, url):
    """Follows rel="next" Link headers from url to the end; every id seen, in order."""
    seen = []
    while url:
        reply = get(url)
        seen += [record["id"] for record in reply.json()]
        url = reply.links.get("next", {}).get("url")
    return seen


ids = walk(requests.get, base + "/pagination/link_header?per_page=7")
check("requests follows Link to the end", len(ids) == total and len(set(ids)) == total)
with httpx.Client() as client:
    ids = walk(client.get, base + "/pagination/link_header?per_page=9&order_by=createdAt&order_type=desc")
check("httpx follows Link to the end", len(ids) == total and len(set(ids)) == total)

# Compression: both ask for gzip (and br when they can decode it) and decode transparently.
page = requests.get(base + "/pagination/offset?limit=50")
# requests asks for br too when a brotli module is installed (Debian's python3-brotli, recommended by common
# packages), so either coding may come back: what matters is that one does and the body decodes.
check("requests gets a coding and decodes it", page.headers.get("Content-Encoding") in ("gzip", "br") and len(page.json()["data"]) == 50)
with httpx.Client() as client:
    page = client.get(base + "/pagination/offset?limit=50")
check("httpx gets a coding and decodes it", page.headers.get("content-encoding") in ("gzip", "br") and len(page.json()["data"]) == 50)
