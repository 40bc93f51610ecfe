"""One module per reproduce section; each registers itself with ``@section``."""
