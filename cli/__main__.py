"""``python -m cli``: the same as ``python -m simulator``."""

import sys

from cli.commands import main

sys.exit(main())
