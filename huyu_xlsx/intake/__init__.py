"""Reading returned workbooks and leniently parsing what people typed into them."""
