#!/usr/bin/env python3
"""Signs one HTTP request with botocore's Signature V4, for comparison with libcurl's.

Reads a JSON object on stdin:
  {"method", "url", "headers": {name: value}, "body_base64", "access_key", "secret_key",
   "session_token" (may be empty), "region", "service", "amz_date" (YYYYMMDDTHHMMSSZ)}
and prints a JSON object with "authorization" (the header botocore computes for that request
at that time) and "canonical_request" (to show what differs when the two disagree).
"""

import base64
import datetime
import json
import sys
from unittest import mock

import botocore.auth
import botocore.awsrequest
import botocore.credentials


def main():
    spec = json.load(sys.stdin)
    # botocore takes the signing time from the clock; the comparison needs the time libcurl
    # used, which it sent as X-Amz-Date.
    signed_at = datetime.datetime.strptime(spec["amz_date"], "%Y%m%dT%H%M%SZ")

    request = botocore.awsrequest.AWSRequest(
        method=spec["method"],
        url=spec["url"],
        data=base64.b64decode(spec["body_base64"]),
        headers=spec["headers"],
    )
    credentials = botocore.credentials.Credentials(
        spec["access_key"], spec["secret_key"], spec.get("session_token") or None
    )
    signer = botocore.auth.SigV4Auth(credentials, spec["service"], spec["region"])

    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=signed_at):
        signer.add_auth(request)
        canonical = signer.canonical_request(request)

    json.dump(
        {"authorization": request.headers["Authorization"], "canonical_request": canonical},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
