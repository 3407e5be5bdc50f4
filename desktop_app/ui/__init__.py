"""The Qt windows. Gets client, cache, session store and clock through constructors."""
