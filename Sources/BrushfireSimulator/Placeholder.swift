// BrushfireSimulator
