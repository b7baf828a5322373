"""Accounts from a shell: `python -m core.users create-admin | reset-password | create-token`.

For installs and recovery: whoever can run this can read the database anyway, so it needs no
sign-in. Passwords are prompted for twice on a terminal, or read as one line from stdin.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from core import tokens, user_admin
from core.errors import NotFoundError, ValidationError


def _read_password(stdin=None) -> str:
    stdin = stdin or sys.stdin
    if stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat it: ") != first:
            raise ValidationError("The two passwords differ.")
        return first
    return stdin.readline().rstrip("\r\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m core.users", description="Manage ResumeDesk accounts from a shell.")
    sub = ap.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-admin", help="create an admin (the password is prompted for, or read from stdin)")
    create.add_argument("email")
    create.add_argument("--name", default="")
    reset = sub.add_parser("reset-password", help="set a user's password, lift a lockout, enable the account")
    reset.add_argument("email")
    token = sub.add_parser("create-token", help="make an API token for a user and print it (shown once)")
    token.add_argument("email")
    token.add_argument("--name", default="", help="what the token is for, e.g. 'careers page'")
    args = ap.parse_args(argv)
    try:
        if args.command == "create-token":
            record, secret = tokens.create_token_from_shell(args.email, args.name)
            print(f"API token for {record.user_email} ({record.name}); it is shown only this once:",
                  file=sys.stderr)
            print(secret)
            return 0
        password = _read_password()
        if args.command == "create-admin":
            user = user_admin.create_admin_from_shell(args.email, password, args.name)
            print(f"Admin {user.email} created.")
        else:
            user = user_admin.recover_account_from_shell(args.email, password)
            print(f"Password of {user.email} set.")
    except (ValidationError, NotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
