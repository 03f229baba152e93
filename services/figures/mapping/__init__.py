"""Places on a map: ward centroids and boundaries, the tile grid, and the shade classes of the coverage map."""
