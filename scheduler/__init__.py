"""plooi: planning-conflict scheduler and optimiser for municipal public-space programmes."""
