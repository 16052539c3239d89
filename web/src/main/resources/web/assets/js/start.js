import { startPage } from '/assets/js/common.js';

startPage();
