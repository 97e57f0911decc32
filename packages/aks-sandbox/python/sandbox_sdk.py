"""The Azure SDK for Python (Debian's python3-azure) pointed at a running sandbox.

Everything a client needs comes from the files `sandbox start --data-dir <dir>`
writes: credentials.json (tenant, authority host, ARM URL, the operator app)
and ca.pem, which the caller trusts through REQUESTS_CA_BUNDLE (requests, and
so azure-core's transport, reads it). Nothing here is sandbox-specific beyond
the URLs: these are the SDK's own clients and models.
"""

import inspect
import json
import os
import sys

from azure.core.exceptions import HttpResponseError
from azure.identity import ClientSecretCredential
from azure.mgmt.authorization import AuthorizationManagementClient
from azure.mgmt.msi import ManagedServiceIdentityClient

ARM_SCOPE = "https://management.azure.com/.default"


def load_credentials(data_dir):
    with open(os.path.join(data_dir, "credentials.json"), encoding="utf-8") as f:
        return json.load(f)


def _instance_discovery_off():
    """MSAL's instance discovery asks login.microsoftonline.com about the
    authority; a private authority has to skip it. azure-identity 1.13 final
    calls the switch disable_instance_discovery, the 1.13 betas Debian ships
    instance_discovery (False to skip)."""
    try:
        from azure.identity._internal.msal_credentials import MsalCredential

        params = inspect.signature(MsalCredential.__init__).parameters
    except (ImportError, AttributeError, ValueError):
        params = {}
    if "disable_instance_discovery" in params:
        return {"disable_instance_discovery": True}
    if "instance_discovery" in params:
        return {"instance_discovery": False}
    return {}


def credential(creds, app="operatorApp"):
    return ClientSecretCredential(
        creds["tenantId"],
        creds[app]["clientId"],
        creds[app]["clientSecret"],
        authority=creds["authorityHost"],
        **_instance_discovery_off(),
    )


def _client(client_class, creds, api_version):
    return client_class(
        credential(creds),
        creds["subscriptionId"],
        base_url=creds["armUrl"],
        credential_scopes=[ARM_SCOPE],
        **({"api_version": api_version} if api_version else {}),
    )


def msi_client(creds, api_version=None):
    """ManagedServiceIdentityClient at the SDK's default api-version unless one is given."""
    return _client(ManagedServiceIdentityClient, creds, api_version)


def authorization_client(creds, api_version=None):
    return _client(AuthorizationManagementClient, creds, api_version)


def wire(pipeline_response, deserialized, _headers):
    """A `cls` callback: what went over the wire next to what the SDK made of it."""
    request = pipeline_response.http_request
    response = pipeline_response.http_response
    text = response.text()
    return {
        "method": request.method,
        "url": request.url,
        "status": response.status_code,
        "body": json.loads(text) if text else None,
        "model": deserialized.as_dict() if deserialized is not None else None,
    }


def failure(error):
    """An SDK error as ARM's CloudError told it."""
    body = error.error
    return {
        "type": type(error).__name__,
        "status": error.status_code,
        "code": body.code if body is not None else None,
        "message": body.message if body is not None else str(error),
    }


def expect_failure(call):
    try:
        result = call()
    except HttpResponseError as error:
        return failure(error)
    raise AssertionError(f"expected the call to fail, it returned {result!r}")


def emit(result):
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
