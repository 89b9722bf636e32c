print("umlaut")
