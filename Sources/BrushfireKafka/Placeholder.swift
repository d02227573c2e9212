// BrushfireKafka
