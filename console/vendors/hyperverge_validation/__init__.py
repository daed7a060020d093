"""HyperVerge CKYC Validation: spec, flow, view, record parsing, pre-send checks."""
