export function App() {
  return (
    <main className="landing" data-testid="placeholder">
      <h1>ActionsDashboard</h1>
      <p>Every GitHub Actions workflow run across the repositories you pick, live, on one page.</p>
      <p className="muted">The dashboard is on its way: this page is the Web app's placeholder, served through the gateway.</p>
    </main>
  );
}
