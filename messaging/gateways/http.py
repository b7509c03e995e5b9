"""Plain HTTP for the gateways (the standard library: two JSON endpoints need no client library)."""

import json
import urllib.error
import urllib.request

from . import Rejected, Temporary


def post_json(url, payload, headers, timeout):
    """POST JSON, return (status, parsed body). 5xx, 429, timeouts and refused connections raise Temporary;
    other 4xx answers return normally so that the caller can read the gateway's reason."""
    data = json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, _parse(response.read())
    except urllib.error.HTTPError as error:
        body = _parse(error.read())
        if error.code >= 500 or error.code == 429:
            raise Temporary(f"HTTP {error.code}: {_short(body)}")
        return error.code, body
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise Temporary(f"{type(error).__name__}: {getattr(error, 'reason', error)}")


def _parse(raw):
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return {"raw": raw[:200].decode(errors="replace")}


def _short(body):
    return json.dumps(body)[:250]


def reject(status, reason):
    raise Rejected(f"HTTP {status}: {reason}"[:300])
