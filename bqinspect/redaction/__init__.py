"""Privacy redaction of photos: boxes, face detection (Haar cascades), the redacted copy."""
