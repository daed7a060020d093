"""HyperVerge CKYC Individual Download: spec, flow, view, next steps."""
