"""`python -m tutor` runs the command line."""

from tutor.cli.main import main

raise SystemExit(main())
