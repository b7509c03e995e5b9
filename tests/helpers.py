"""Small helpers the tests share (fixtures live in conftest.py, test data in factories.py)."""

import threading

from django.db import connections


def run_together(count, work):
    """Run work(0) ... work(count - 1) in `count` threads released at the same instant; return (results, errors).

    For the PostgreSQL race tests: each thread has its own database connection, closed when it ends. Results
    come in the order the threads finish. A thread's exception is collected, never lost: the caller asserts
    `errors == []`.
    """
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
