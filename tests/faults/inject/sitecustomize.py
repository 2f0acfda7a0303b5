"""Fault injection for a real `build.py` process, without any hook in the generator.

Python imports `sitecustomize` at start-up from the first folder of PYTHONPATH that has
one; with this folder there and CAMPAIGN_NEWS_FAULT set, it patches the generator:

- `page-write:N`: writing the N-th page fails as a disk read/write error would (EIO);
- `worker-exit:N`: the worker rendering the N-th page dies, as if killed by the
  out-of-memory killer (a worker of the build process, when that one renders it).

Only tests/faults uses it; without the variable it does nothing.
"""
import errno
import multiprocessing
import os
import signal

FAULT = os.environ.get("CAMPAIGN_NEWS_FAULT", "")


def _install(kind: str, number: int) -> None:
    """Patch the page writer so that the `number`-th page meets fault `kind`."""
    from builder.publish import output
    from builder.site.render import SiteRenderer

    pages_of = SiteRenderer.pages
    # Shared memory, made before any fork: the page workers fork before the build knows
    # its pages, and the path chosen then must reach them.
    shared = multiprocessing.RawArray("c", 4096)

    def chosen_path() -> str:
        """The chosen page's path, as every process of the build sees it."""
        return shared.value.decode("utf-8")

    def recording_pages(self):
        specs = pages_of(self)
        shared.value = specs[number - 1].path.encode("utf-8")
        return specs

    SiteRenderer.pages = recording_pages
    if kind == "page-write":
        make_folder = output.Staging._folder

        def failing_folder(self, rel):
            if rel == chosen_path():
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            return make_folder(self, rel)

        output.Staging._folder = failing_folder
    elif kind == "worker-exit":
        from builder.site.render import PageTemplates

        render = PageTemplates.render

        parent = os.getpid()  # workers are forked from the build process

        def dying_render(self, spec, context):
            if spec.path == chosen_path():
                if os.getpid() != parent:
                    os._exit(137)
                # The build process renders its share too: then a worker is the one to go.
                os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)
            return render(self, spec, context)

        PageTemplates.render = dying_render


if FAULT:
    _kind, _, _number = FAULT.partition(":")
    _install(_kind, int(_number))
