"""Wegwijzer: find free, independent client support near you."""
