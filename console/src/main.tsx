// The CJK web font ships with the console (subsets by unicode-range: a page loads only the ones its
// characters need), so Chinese renders on machines without a CJK font and without the internet.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { initialLanguage, saveLanguage } from './i18n';

saveLanguage(initialLanguage());
const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
