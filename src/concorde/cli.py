"""The `concorde` command: Django's management commands for this project."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["extract"]:  # parsing needs no web stack: started without Django
        from concorde.ingest.standalone import main as extract

        sys.exit(extract(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concorde.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["concorde", *sys.argv[1:]])


if __name__ == "__main__":
    main()
