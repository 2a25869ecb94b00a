#!/usr/bin/env python3
"""Check a built site: every relative link and #anchor must resolve inside it (no network).

Usage:
    python scripts/linkcheck.py output      # or: make linkcheck

Prints each broken link as `path:line:column: message`; exits 1 when there is any.
The logic lives in briefkit/linkcheck.py, shared with the tests.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefkit.linkcheck import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
