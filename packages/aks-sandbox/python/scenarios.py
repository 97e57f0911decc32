"""Scenarios of Debian's Azure SDK for Python against a running sandbox.

    REQUESTS_CA_BUNDLE=<dataDir>/ca.pem python3 scenarios.py <scenario> \
        --data-dir <dataDir> --resource-group <rg> [--name-prefix <p>]

Each scenario prints one JSON object on stdout: what the SDK sent, what came
back on the wire and what the SDK's models made of it. src/pythonSdk.test.ts
runs them against `sandbox start` and asserts on that output.
"""

import argparse
import uuid

from sandbox_sdk import (
    authorization_client,
    emit,
    expect_failure,
    load_credentials,
    msi_client,
    wire,
)

FIC_API_VERSION = "2022-01-31-preview"
AUDIENCE = "api://AzureADTokenExchange"


def _issuer(creds):
    return creds["clusters"][0]["oidcIssuer"]


def identities(creds, rg, prefix):
    """userAssignedIdentities at the SDK's default api-version: create, get, list."""
    msi = msi_client(creds)
    name = f"{prefix}-identity"
    created = msi.user_assigned_identities.create_or_update(
        rg, name, {"location": "westeurope", "tags": {"made-by": "python"}}, cls=wire
    )
    got = msi.user_assigned_identities.get(rg, name, cls=wire)
    listed = [i.name for i in msi.user_assigned_identities.list_by_resource_group(rg)]
    by_subscription = [i.name for i in msi.user_assigned_identities.list_by_subscription()]
    return {
        "defaultApiVersion": msi._get_api_version("user_assigned_identities"),
        "created": created,
        "got": got,
        "listedInResourceGroup": listed,
        "listedInSubscription": by_subscription,
    }


def _fic_params(creds, subject):
    return {
        "issuer": _issuer(creds),
        "subject": subject,
        "audiences": [AUDIENCE],
    }


def fics(creds, rg, prefix):
    """federatedIdentityCredentials at 2022-01-31-preview: create and list."""
    msi = msi_client(creds, FIC_API_VERSION)
    identity = f"{prefix}-fic-identity"
    msi.user_assigned_identities.create_or_update(rg, identity, {"location": "westeurope"})
    created = msi.federated_identity_credentials.create_or_update(
        rg,
        identity,
        "fic-one",
        _fic_params(creds, "system:serviceaccount:py:one"),
        cls=wire,
    )
    msi.federated_identity_credentials.create_or_update(
        rg, identity, "fic-two", _fic_params(creds, "system:serviceaccount:py:two")
    )
    listed = [
        {"name": f.name, "subject": f.subject, "issuer": f.issuer, "audiences": f.audiences}
        for f in msi.federated_identity_credentials.list(rg, identity)
    ]
    return {"apiVersion": FIC_API_VERSION, "created": created, "listed": listed}


def fic_limit(creds, rg, prefix):
    """Twenty FICs on one identity are accepted; the twenty-first is refused."""
    msi = msi_client(creds, FIC_API_VERSION)
    identity = f"{prefix}-fic-limit"
    msi.user_assigned_identities.create_or_update(rg, identity, {"location": "westeurope"})
    for i in range(1, 21):
        msi.federated_identity_credentials.create_or_update(
            rg, identity, f"fic-{i:02d}", _fic_params(creds, f"system:serviceaccount:py:sa-{i}")
        )
    refused = expect_failure(
        lambda: msi.federated_identity_credentials.create_or_update(
            rg, identity, "fic-21", _fic_params(creds, "system:serviceaccount:py:sa-21")
        )
    )
    count = len(list(msi.federated_identity_credentials.list(rg, identity)))
    return {"accepted": 20, "refused": refused, "countAfter": count}


def _reader_role_id(auth, scope):
    (reader,) = auth.role_definitions.list(scope, filter="roleName eq 'Reader'")
    return reader.id


def _assignment_params(auth, api_version, role_id, principal_id, principal_type=True):
    models = auth.models(api_version)
    kwargs = {"role_definition_id": role_id, "principal_id": principal_id}
    if principal_type:
        kwargs["principal_type"] = "ServicePrincipal"
    return models.RoleAssignmentCreateParameters(**kwargs)


def role_assignments(creds, rg, prefix):
    """Role assignments at the SDK's default api-version: create, get, delete."""
    names = [str(uuid.uuid4())]
    auth = authorization_client(creds)
    api_version = auth._get_api_version("role_assignments")
    principal = msi_client(creds).user_assigned_identities.create_or_update(
        rg, f"{prefix}-assignee", {"location": "westeurope"}
    )
    scope = f"/subscriptions/{creds['subscriptionId']}/resourceGroups/{rg}"
    role_id = _reader_role_id(auth, scope)
    params = _assignment_params(auth, api_version, role_id, principal.principal_id)
    created = auth.role_assignments.create(scope, names[0], params, cls=wire)
    got = auth.role_assignments.get(scope, names[0], cls=wire)
    deleted = auth.role_assignments.delete(scope, names[0], cls=wire)
    gone = expect_failure(lambda: auth.role_assignments.get(scope, names[0]))
    deleted_again = auth.role_assignments.delete(scope, names[0], cls=wire)
    return {
        "defaultApiVersion": api_version,
        "principalId": principal.principal_id,
        "roleDefinitionId": role_id,
        "created": created,
        "got": got,
        "deleted": deleted,
        "getAfterDelete": gone,
        "deletedAgain": deleted_again,
    }


def role_assignment_exists(creds, rg, prefix):
    """The same role, principal and scope under a second name is RoleAssignmentExists."""
    names = [str(uuid.uuid4()), str(uuid.uuid4())]
    auth = authorization_client(creds)
    api_version = auth._get_api_version("role_assignments")
    principal = msi_client(creds).user_assigned_identities.create_or_update(
        rg, f"{prefix}-twice", {"location": "westeurope"}
    )
    scope = f"/subscriptions/{creds['subscriptionId']}/resourceGroups/{rg}"
    params = _assignment_params(
        auth, api_version, _reader_role_id(auth, scope), principal.principal_id
    )
    first = auth.role_assignments.create(scope, names[0], params)
    second = expect_failure(lambda: auth.role_assignments.create(scope, names[1], params))
    return {"first": first.name, "secondName": names[1], "second": second}


def old_role_assignments(creds, rg, prefix):
    """Role assignments through the SDK's 2018-01-01-preview models: that version's shape
    (no principalType, canDelegate) and its status codes (a repeated PUT is 201)."""
    names = [str(uuid.uuid4())]
    api_version = "2018-01-01-preview"
    auth = authorization_client(creds, api_version)
    principal = msi_client(creds).user_assigned_identities.create_or_update(
        rg, f"{prefix}-old-assignee", {"location": "westeurope"}
    )
    scope = f"/subscriptions/{creds['subscriptionId']}/resourceGroups/{rg}"
    params = _assignment_params(
        auth, api_version, _reader_role_id(auth, scope), principal.principal_id, False
    )
    created = auth.role_assignments.create(scope, names[0], params, cls=wire)
    repeated = auth.role_assignments.create(scope, names[0], params, cls=wire)
    got = auth.role_assignments.get(scope, names[0], cls=wire)
    return {"apiVersion": api_version, "created": created, "repeated": repeated, "got": got}


SCENARIOS = {
    "identities": identities,
    "fics": fics,
    "fic-limit": fic_limit,
    "role-assignments": role_assignments,
    "role-assignment-exists": role_assignment_exists,
    "old-role-assignments": old_role_assignments,
}



def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--resource-group", required=True)
    parser.add_argument("--name-prefix", default="py")
    args = parser.parse_args()
    creds = load_credentials(args.data_dir)
    emit(SCENARIOS[args.scenario](creds, args.resource_group, args.name_prefix))


if __name__ == "__main__":
    main()
