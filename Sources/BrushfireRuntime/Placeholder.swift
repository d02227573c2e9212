// BrushfireRuntime
