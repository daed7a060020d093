"""What every vendor flow shares; never names a vendor."""
