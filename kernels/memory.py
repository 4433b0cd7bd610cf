"""Memory guards shared by the grid kernels: what is free, and which cell size would fit.

A grid analysis needs a fixed number of bytes per cell (each kernel states and derives its own
figure). Before anything is allocated the QGIS side compares that estimate with the memory
available and refuses with a message that suggests a coarser cell size
(:func:`suggested_cell_size`): the number of cells, and with it the memory, falls with the
square of the cell size. Used by ``kernels/corridors.py`` and ``kernels/flood.py``.
"""
import math
import os

#: the suggestion aims at this multiple of the estimate, so that it fits with some room for what
#: the estimate leaves out (Annahme / assumption)
MARGIN = 1.25


def available_memory():
    """Bytes of memory available to a new allocation, or ``None`` when unknown.

    Linux: ``MemAvailable`` of /proc/meminfo; other POSIX: free physical pages;
    Windows: ``GlobalMemoryStatusEx``.
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        pass
    return _windows_available()


def _windows_available():
    """``ullAvailPhys`` of ``GlobalMemoryStatusEx`` (Windows), or ``None``."""
    try:
        import ctypes

        class _Status(ctypes.Structure):
            _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                        ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                        ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
                        ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
                        ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

        status = _Status()
        status.dwLength = ctypes.sizeof(_Status)
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
            return int(status.ullAvailPhys)
    except (ImportError, AttributeError, OSError, ValueError):   # not Windows, or no answer: unknown
        return None
    return None


_TRIM = []   # [malloc_trim or None], looked up once


def release_free_memory():
    """Hand memory that the C allocator keeps after ``free`` back to the system (glibc's
    ``malloc_trim(0)``); True when done, False where there is no such function (not glibc).

    Many medium-sized arrays made and dropped one after the other (results arriving from worker
    processes) leave freed memory in the allocator's heap, counted as resident; it is reused, but
    not returned, so the process's peak keeps growing with the number of results. Geometries freed
    on worker threads stay in those threads' malloc arenas, which the threads of a later stage need
    not reuse: without this the resident size only grows from stage to stage.
    """
    if not _TRIM:
        try:
            import ctypes

            _TRIM.append(ctypes.CDLL(None).malloc_trim)
        except (OSError, AttributeError, TypeError):
            _TRIM.append(None)
    if _TRIM[0] is None:
        return False
    _TRIM[0](0)
    return True


def gigabytes(value):
    """*value* bytes as text for a message, e.g. ``'1.5 GB'`` (GiB, one decimal)."""
    return f"{value / 2 ** 30:.1f} GB"


def suggested_cell_size(cell_size, need, available, step=5.0):
    """A cell size (a multiple of *step*, at least *step*) at which *need* bytes at *cell_size* fit.

    The cells, and the bytes, fall with the square of the cell size: the factor is
    ``sqrt(need × MARGIN / available)``, rounded up to the next multiple of *step*. An int when
    the result is a whole number (as it is for whole-metre steps).
    """
    factor = math.sqrt(need * MARGIN / max(available, 1))
    suggest = max(step, math.ceil(cell_size * factor / step) * step)
    return int(suggest) if float(suggest).is_integer() else suggest
