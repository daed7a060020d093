import sys

from console.runner.cli import main

sys.exit(main())
