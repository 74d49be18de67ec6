"""Imported by the batch forkserver before it forks workers: androguard, the pipeline and the
catalogue load once, so every worker (and every replacement of a recycled worker) starts warm.

Failures are swallowed: a worker warms itself up again and reports any error properly."""

try:
    import gc

    from auditor.batch.worker import warm_up

    warm_up()
    gc.freeze()  # forked workers then do not touch these objects' pages (copy-on-write)
except Exception:
    pass
