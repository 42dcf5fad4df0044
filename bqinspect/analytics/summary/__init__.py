"""The periodic summary 服务质量汇总分析报告: every head-office figure in one PDF."""
