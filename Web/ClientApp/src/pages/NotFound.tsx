import { Link } from "../lib/router";
import { PageTitle } from "./PageTitle";

export function NotFound() {
  return (
    <>
      <PageTitle title="Page not found" />
      <p>There is nothing at this address. <Link to="/">Back to the dashboard</Link>.</p>
    </>
  );
}
