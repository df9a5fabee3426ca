// Integration suites run quietly and never load the demo estate unless a test asks for it.
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.VIGIL_DEMO = '0';
