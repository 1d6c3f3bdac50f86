import base from './jest.config.js';
export default { ...base, forceExit: false, rootDir: '/work/main' };
