namespace phi {}
