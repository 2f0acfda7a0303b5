"""s3://bucket/prefix through boto3: credentials from the AWS configuration chain
(environment, ~/.aws, instance role); `--endpoint-url` for S3-compatible stores."""
from __future__ import annotations

import mimetypes
from pathlib import Path

from ...core.errors import Text
from .target import Target
from .transport import DeployFailure, LoginRefused, Transport, Unreachable

# Types a static host must send right; the rest come from mimetypes.
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml",
                 ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
                 ".json": "application/json"}
_AUTH_CODES = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied",
               "InvalidClientTokenId", "ExpiredToken", "AuthFailure"}


def content_type(path: str) -> str:
    """The Content-Type to store with a file; feeds are Atom."""
    if path.startswith("feeds/") and path.endswith(".xml"):
        return "application/atom+xml; charset=utf-8"
    suffix = Path(path).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or \
        "application/octet-stream"


class S3Transport(Transport):
    """Objects under `prefix/` in one bucket."""

    def __init__(self, target: Target, endpoint_url: str | None = None):
        super().__init__()
        self.target = target
        self.endpoint_url = endpoint_url
        self.client = None

    def _fail(self, exc: Exception) -> DeployFailure:
        """The right failure for a botocore error (credentials are never in its text)."""
        from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

        if isinstance(exc, NoCredentialsError):
            return LoginRefused(Text.of("deploy", "no_aws_credentials"))
        if isinstance(exc, ClientError):
            code = exc.response.get("Error", {}).get("Code", "")
            if code in _AUTH_CODES or code == "403":
                return LoginRefused(code)
            return DeployFailure(f"{code}: {exc.response.get('Error', {}).get('Message', '')}")
        if isinstance(exc, EndpointConnectionError):
            return Unreachable(str(exc))
        return Unreachable(str(exc) or type(exc).__name__)

    def _key(self, path: str) -> str:
        """The object key of a path under the prefix."""
        return f"{self.target.path}/{path}" if self.target.path else path

    def open(self) -> None:
        """Make the client and check the bucket is there and ours to use."""
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError

        self.failures = (OSError, EOFError, BotoCoreError, ClientError)

        self.client = boto3.client("s3", endpoint_url=self.endpoint_url, config=Config(
            connect_timeout=10, read_timeout=60, retries={"max_attempts": 2}))
        self.counters.requests += 1
        try:
            self.client.head_bucket(Bucket=self.target.host)
        except (BotoCoreError, ClientError) as exc:
            raise self._fail(exc) from None

    def read(self, path: str) -> bytes | None:
        """GET the object, None when there is no such key."""
        from botocore.exceptions import BotoCoreError, ClientError

        self.counters.requests += 1
        try:
            answer = self.client.get_object(Bucket=self.target.host, Key=self._key(path))
            return answer["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise self._fail(exc) from None
        except BotoCoreError as exc:
            raise self._fail(exc) from None

    def _put(self, path: str, body) -> None:
        """PUT one object with its content type."""
        from botocore.exceptions import BotoCoreError, ClientError

        self.counters.requests += 1
        try:
            self.client.put_object(Bucket=self.target.host, Key=self._key(path), Body=body,
                                   ContentType=content_type(path))
        except (BotoCoreError, ClientError) as exc:
            raise self._fail(exc) from None

    def upload(self, path: str, source: Path) -> None:
        """PUT the file."""
        data = source.read_bytes()
        self._put(path, data)
        self.counters.bytes_sent += len(data)

    def write_atomic(self, path: str, data: bytes) -> None:
        """A PUT replaces an object atomically."""
        self._put(path, data)
        self.counters.bytes_sent += len(data)

    def delete(self, path: str) -> None:
        """DELETE the object (S3 answers the same when it is gone)."""
        from botocore.exceptions import BotoCoreError, ClientError

        self.counters.requests += 1
        try:
            self.client.delete_object(Bucket=self.target.host, Key=self._key(path))
        except (BotoCoreError, ClientError) as exc:
            raise self._fail(exc) from None
