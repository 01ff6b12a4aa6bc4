// The floor for "time to the first item card": one fetch of the same listing, plain DOM.
const response = await fetch("/api/items");
const { items } = await response.json();
const list = document.getElementById("list");
for (const item of items) {
  const article = document.createElement("article");
  const image = document.createElement("img");
  image.src = item.imageUrl;
  image.alt = item.title;
  image.loading = "lazy";
  const title = document.createElement("h3");
  title.textContent = item.title;
  const price = document.createElement("p");
  price.dataset.testid = "card-price";
  price.textContent = `${item.currentPrice.toLocaleString("ko-KR")}원`;
  article.append(image, title, price);
  list.append(article);
}
