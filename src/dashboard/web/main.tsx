// The dashboard's entry point: the styles and the app, rendered into #app.
import './styles.css';
import { render } from 'preact';
import { App } from './App.tsx';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
