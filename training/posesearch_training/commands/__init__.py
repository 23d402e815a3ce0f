"""The `python3 -m posesearch_training <command>` entry points, one module each with `main(argv)`:
argument parsing and orchestration only; the work is in the other subpackages."""
