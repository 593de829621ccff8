"""``python -m simulator``: the command line, :mod:`cli.commands`.

The entry point only: nothing in the core imports it. The CLI is an interface that sits on
top of the core (and of :mod:`presentation` for its words and reports), like the app.
"""

import sys

from cli.commands import main

sys.exit(main())
