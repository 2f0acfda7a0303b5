"""Imported by every Python started during the mutation run (tests/mutation_bridge.py).

While mutmut records which tests reach which function ("stats"), the functions this
child process reached are written to the hits folder when it exits, for the parent to
add to the test that started it.
"""
import os

if os.environ.get("MUTANT_UNDER_TEST") == "stats" and os.environ.get("MUTATION_CHILD_HITS"):
    import atexit

    from mutmut.configuration import config

    # mutmut reads its settings from the working folder; the child runs elsewhere.
    _here = os.getcwd()
    os.chdir(os.environ["MUTATION_ROOT"])
    try:
        config()
    finally:
        os.chdir(_here)

    def _write_hits() -> None:
        """Write the names of the functions this process reached, one a line."""
        from mutmut.state import state

        names = state()._stats
        if names:
            path = os.path.join(os.environ["MUTATION_CHILD_HITS"], f"{os.getpid()}.hits")
            with open(path, "w", encoding="utf-8") as file:
                file.write("\n".join(sorted(names)) + "\n")

    atexit.register(_write_hits)
